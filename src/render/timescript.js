/* The script the renderer installs in every document before the page's own
 * scripts run.  It puts the page's clocks under our control: the contract
 * is documented in helios-composition(7).  The build embeds this file in
 * the helios binary as render_time_script (tools/embed.sh). */
(() => {
  if (window.__heliosRender) return;
  const EPOCH = 1704067200000; /* Date.now() at time 0: 2024-01-01T00:00:00Z */
  const realRAF = window.requestAnimationFrame.bind(window);
  const realSetTimeout = window.setTimeout.bind(window);
  const realSetInterval = window.setInterval.bind(window);
  const realClearInterval = window.clearInterval.bind(window);
  const RealDate = window.Date;
  let now = 0;          /* composition time in ms */
  let seeded = false;   /* has the first seek happened */
  let rafQueue = new Map();
  let rafNext = 1;
  const origins = new WeakMap(); /* animation, <svg> -> composition time it started */

  /* A same-origin iframe keeps the time of the document that holds it,
     which sets its frames (see childFrames). */
  try {
    const up = window.parent !== window && window.parent.__heliosRender;
    if (up) ({ now, seeded } = up.clock());
  } catch (e) { /* a parent of another origin */ }

  /* Clocks. */
  performance.now = () => now;
  class HeliosDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(EPOCH + now); else super(...args);
    }
    static now() { return EPOCH + Math.floor(now); }
  }
  window.Date = HeliosDate;
  if (document.timeline)
    Object.defineProperty(document.timeline, 'currentTime', { configurable: true, get: () => now });

  /* The Helios core library's clock: a plain number the library may turn
     into an accessor (it does in bindToDocumentTimeline) and that we set
     before every frame. */
  Object.defineProperty(window, '__HELIOS_VIRTUAL_TIME__', { configurable: true, writable: true, value: now });

  /* requestAnimationFrame callbacks run when we seek, with the frame's time. */
  window.requestAnimationFrame = (cb) => { const id = rafNext++; rafQueue.set(id, cb); return id; };
  window.cancelAnimationFrame = (id) => { rafQueue.delete(id); };

  function runAnimationFrames() {
    const callbacks = [...rafQueue.values()];
    rafQueue = new Map();
    for (const cb of callbacks) cb(now);
  }

  /* A task of our own, after the page's microtasks: a message on a channel
     taken before the page's scripts can replace it. */
  const channel = new MessageChannel();
  const tasks = [];
  channel.port1.onmessage = () => tasks.shift()();
  function task(fn) { tasks.push(fn); channel.port2.postMessage(0); }

  /* The page's microtasks after a timer's callback (promise reactions, an
     async function going on after `await sleep()`), at the timer's time:
     a chain this deep is let run, without giving the browser a turn to
     paint (which would start a CSS transition the timer set on real time). */
  const MICROTASK_DEPTH = 64;
  async function microtasks() {
    for (let i = 0; i < MICROTASK_DEPTH; i++) await null;
  }

  /* Timers run on composition time.  A timer is due at the time it was
     set plus its delay; as the clock moves to a frame's time, every timer
     due by then runs, earliest first (then in the order they were set),
     each followed by its microtasks, with the clock reading its due time, so that
     a chunk that starts late has run the same timers, in the same order
     and at the same times, as a render in one piece.  A timer due now
     (delay 0) runs promptly, as in a browser: frameworks wait for them
     while the page loads.  Delays are clamped as browsers do: a timer set
     more than five timers deep waits at least 4 ms. */
  const TIMER_CALLS_MAX = 10000;  /* callbacks due within one frame step; see helios-composition(7) */
  const EPSILON = 1e-6;           /* ms: float noise between a due time and a frame's time */
  const timers = new Map();       /* id -> timer */
  let timerNext = 1, timerSeq = 0;
  let running = null;             /* the timer whose callback runs now */
  let stepping = false;           /* an advance is under way: it runs what is due */
  let flushing = false;           /* a prompt run of the timers due now is queued */
  let adopted = true;             /* animations created by the timers run so far have their origin */
  const calls = new Map();        /* frame step -> callbacks run in it, for the bound */

  function addTimer(fn, delay, args, repeat) {
    delay = Number(delay);
    if (!(delay > 0)) delay = 0;
    const nesting = running ? running.nesting + 1 : 1;
    if (nesting > 5 && delay < 4) delay = 4;
    const t = { id: timerNext++, seq: timerSeq++, due: now + delay, delay, fn, args, repeat, nesting, set: now };
    timers.set(t.id, t);
    heapPush(t);
    if (delay === 0 && !stepping) promptly();
    return t.id;
  }

  window.setTimeout = (fn, delay, ...args) => addTimer(fn, delay, args, false);
  window.setInterval = (fn, delay, ...args) => addTimer(fn, delay, args, true);
  window.clearTimeout = window.clearInterval = (id) => { timers.delete(Number(id)); };

  /* The timers in a binary heap, earliest (due, seq) on top: pages may
     hold thousands.  A cleared or rescheduled timer's entry stays in the
     heap until it comes up and is dropped (its seq no longer matches). */
  const heap = [];
  const before = (a, b) => a.due < b.due || (a.due === b.due && a.seq < b.seq);
  function heapPush(t) {
    const e = { due: t.due, seq: t.seq, t };
    let i = heap.push(e) - 1;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(e, heap[up])) break;
      heap[i] = heap[up];
      i = up;
    }
    heap[i] = e;
  }
  function heapPop() {
    const top = heap[0], last = heap.pop();
    if (heap.length) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heap.length) break;
        if (c + 1 < heap.length && before(heap[c + 1], heap[c])) c++;
        if (!before(heap[c], last)) break;
        heap[i] = heap[c];
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }

  /* The timer to run next when the clock may move up to `to`, or null. */
  function nextTimer(to) {
    while (heap.length) {
      const e = heap[0];
      if (timers.get(e.t.id) !== e.t || e.seq !== e.t.seq) { heapPop(); continue; }
      return e.due <= to + EPSILON ? e.t : null;
    }
    return null;
  }

  function timerName(t) {
    const name = typeof t.fn === 'function' ? t.fn.name || 'an anonymous function' : 'a string';
    return `${t.repeat ? 'setInterval' : 'setTimeout'}(${name}, ${t.delay}) set at ${(t.set / 1000).toFixed(3)} s`;
  }

  function runTimer(t, frameMs) {
    if (frameMs > 0) {
      const step = Math.ceil(t.due / frameMs - EPSILON);
      const n = (calls.get(step) || 0) + 1;
      calls.set(step, n);
      if (n > TIMER_CALLS_MAX)
        throw new Error(`timers: more than ${TIMER_CALLS_MAX} timer callbacks are due by frame ${step} ` +
                        `(${(step * frameMs / 1000).toFixed(3)} s), the last ${timerName(t)}: a timer that sets ` +
                        'itself again without end');
    }
    if (t.repeat) {
      t.nesting++;
      if (t.nesting > 5 && t.delay < 4) t.delay = 4;
      t.due += t.delay;
      t.seq = timerSeq++;
      heapPush(t);
    } else {
      timers.delete(t.id);
    }
    seed = Math.imul(Math.round(now * 1000) | 0, 0x9e3779b1) ^ 0x5bd1e995;
    const outer = running;
    running = t;
    adopted = false;
    try {
      if (typeof t.fn === 'function') t.fn.apply(window, t.args);
      else (0, eval)(String(t.fn));
    } catch (e) {
      reportError(e);   /* as an uncaught exception of a timer is */
    } finally {
      running = outer;
    }
  }

  /* Run the timers due by `to`, moving the clock to each one's due time;
     null when none is due (nothing to wait for), else a promise. */
  function advance(to, frameMs) {
    if (stepping || !nextTimer(to)) return null;
    stepping = true;
    return (async () => {
      try {
        for (let t; (t = nextTimer(to));) {
          if (t.due > now) {
            adoptAnimations();
            now = t.due;
          }
          runTimer(t, frameMs);
          await microtasks();
        }
        adoptAnimations();
      } finally {
        stepping = false;
      }
    })();
  }

  /* The timers due now, each in a task, when no frame is being set. */
  function promptly() {
    if (flushing) return;
    flushing = true;
    task(function flush() {
      flushing = false;
      if (stepping) return;
      const t = nextTimer(now);
      if (!t) return;
      runTimer(t, 0);
      adoptAnimations();
      promptly();
    });
  }

  /* WebGL's drawing buffer is cleared once the frame is presented, before
     toDataURL or a screenshot can read it, unless it is preserved. */
  const realGetContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attributes) {
    if (type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl')
      attributes = Object.assign({}, attributes, { preserveDrawingBuffer: true });
    return realGetContext.call(this, type, attributes);
  };

  /* The Helios core library's DomDriver sets each media element's time,
     volume (its fades multiplied in) and rate at every frame, by its own
     rules; the renderer sets the time and plays the sound from the page's
     volume and rate with the fades applied once, so the driver's writes are
     dropped (two seeks a frame also left the library waiting on a media
     element for ever). */
  for (const name of ['currentTime', 'volume', 'playbackRate']) {
    const real = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, name);
    Object.defineProperty(HTMLMediaElement.prototype, name, {
      configurable: true,
      enumerable: real.enumerable,
      get() { return real.get.call(this); },
      set(v) {
        if (!/syncMediaElements/.test(new Error().stack || '')) real.set.call(this, v);
      },
    });
  }

  /* Math.random: a fixed seed at load, then reseeded from the frame number
     before each frame, so a frame never depends on the frames before it. */
  let seed = 0x6d2b79f5;
  Math.random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  /* The document and its open shadow roots, nested ones too. */
  function roots() {
    const found = [document];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) {
          found.push(el.shadowRoot);
          walk(el.shadowRoot);
        }
      }
    };
    walk(document);
    return found;
  }

  function animations(all = roots()) {
    const seen = new Set();
    for (const root of all)
      for (const a of root.getAnimations()) seen.add(a);
    return [...seen];
  }

  /* Every SVG document fragment (an outermost <svg>): its SMIL animations
     (<animate>, <animateTransform>, <set>) have a clock of their own. */
  function svgs(all = roots()) {
    const found = [];
    for (const root of all)
      for (const el of root.querySelectorAll('svg'))
        if (!el.ownerSVGElement && typeof el.setCurrentTime === 'function') found.push(el);
    return found;
  }

  /* Paused, at the time since the fragment appeared (0 for those present
     before the first frame), as animations are. */
  function syncSvg(all) {
    for (const el of svgs(all)) {
      if (!origins.has(el)) origins.set(el, seeded ? now : 0);
      if (!el.animationsPaused()) el.pauseAnimations();
      const s = Math.max(0, now - origins.get(el)) / 1000;
      if (el.getCurrentTime() !== s) el.setCurrentTime(s);
    }
  }

  /* Animations a timer started begin at the time it ran (the clock reads
     that time until the next timer's), whichever frame comes next. */
  function adoptAnimations() {
    if (adopted) return;
    adopted = true;
    const all = roots();
    for (const x of [...animations(all), ...svgs(all)])
      if (!origins.has(x)) origins.set(x, now);
  }

  function syncAnimations() {
    const all = roots();
    syncSvg(all);
    for (const a of animations(all)) {
      /* Animations present before the first frame start at time 0; later
         ones at the time they were first seen. */
      if (!origins.has(a)) origins.set(a, seeded ? now : 0);
      a.pause();
      a.currentTime = Math.max(0, now - origins.get(a));
      if (a.pending) pending.push(a);
    }
  }

  /* An animation paused for the first time is paused for the page's next
     frame, on the compositor too (a transform runs there): until then it
     may draw a picture at the time it has run meanwhile. */
  const pending = [];
  async function settleAnimations() {
    if (!pending.length) return;
    const settling = pending.splice(0);
    await Promise.all(settling.map((a) => a.ready.catch(() => null)));
    for (const a of settling) if (origins.has(a)) a.currentTime = Math.max(0, now - origins.get(a));
  }

  function num(el, name) {
    const v = parseFloat(el.getAttribute(name));
    return Number.isFinite(v) ? v : 0;
  }

  /* The media elements of the document and its open shadow roots. */
  function mediaElements() { return roots().flatMap((root) => [...root.querySelectorAll('audio, video')]); }

  /* The first element selector matches in the document or, failing that,
     in an open shadow root. */
  function queryDeep(selector) {
    for (const root of roots()) {
      const el = root.querySelector(selector);
      if (el) return el;
    }
    return null;
  }

  /* An element's playback rate: its property, or when that is the default
     its playbackRate attribute (upstream reads both); 1 when not positive. */
  function mediaRate(el) {
    let rate = el.playbackRate;
    if (rate === 1 && el.hasAttribute('playbackRate')) rate = parseFloat(el.getAttribute('playbackRate'));
    return Number.isFinite(rate) && rate > 0 ? rate : 1;
  }

  /* Where an element's file is at this frame: (t - offset) x rate + seek,
     never before its start; a looping element wraps at its file's end, as
     it would playing. */
  function mediaTarget(el) {
    const t = num(el, 'data-helios-seek') + (now / 1000 - num(el, 'data-helios-offset')) * mediaRate(el);
    const d = el.duration;
    return el.loop && t > 0 && Number.isFinite(d) && d > 0 ? t % d : Math.max(0, t);
  }

  /* Set every element's time, at once: the page's requestAnimationFrame
     callbacks then read this frame's time. */
  function setMedia() {
    for (const el of mediaElements()) {
      el.pause();
      const target = mediaTarget(el);
      if (Math.abs(el.currentTime - target) >= 1e-6) el.currentTime = target;
    }
  }

  const MEDIA_EVENTS = ['loadedmetadata', 'loadeddata', 'canplay', 'seeked', 'error', 'emptied', 'abort'];

  /* A promise kept when done() holds, looked at on the element's events
     (a <source> child's error reaches it captured) and every 50 ms.  The
     renderer bounds the wait by --timeout. */
  function until(el, done) {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        for (const e of MEDIA_EVENTS) el.removeEventListener(e, check, true);
        realClearInterval(poll);
        resolve();
      };
      for (const e of MEDIA_EVENTS) el.addEventListener(e, check, true);
      const poll = realSetInterval(check, 50);
    });
  }

  /* The videos that have a file to show. */
  function videos() {
    return mediaElements().filter((el) => el.tagName === 'VIDEO' && (el.currentSrc || el.src ||
      el.querySelector('source')));
  }

  const NO_SOURCE = 3;  /* HTMLMediaElement.NETWORK_NO_SOURCE */
  const failed = (el) => el.error || el.networkState === NO_SOURCE;

  function mediaFailure(el) {
    const src = el.getAttribute('src') || el.currentSrc || (el.querySelector('source') || el).getAttribute('src');
    const why = el.error ? el.error.message || `media error ${el.error.code}` : 'no source could be played';
    return new Error(`cannot play the video '${src}': ${why}`);
  }

  /* Every video has its metadata (its duration: a loop wraps at it). */
  async function mediaLoaded() {
    const all = videos();
    for (const el of all) if (el.preload === 'none') el.preload = 'auto';
    await Promise.all(all.map((el) => until(el, () => failed(el) || el.readyState >= 1)));
    for (const el of all) if (failed(el)) throw mediaFailure(el);
  }

  /* Every video has sought and decoded the picture of this frame. */
  async function mediaReady() {
    const all = videos();
    await Promise.all(all.map((el) => until(el, () => failed(el) || (el.readyState >= 2 && !el.seeking))));
    for (const el of all) if (failed(el)) throw mediaFailure(el);
  }

  function nextPaint() { return new Promise((resolve) => realRAF(() => resolve())); }

  /* Wait for the browser to paint the frame.  A framework that renders
     after a postMessage or a timeout (React does) may change the document
     meanwhile: then wait for another paint, so that the change is in the
     picture (bounded: a page that never stops changing is captured after a
     few).  A page that does not change pays nothing more than one paint. */
  async function paint() {
    let changed = false;
    const observer = new MutationObserver(() => { changed = true; });
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    await nextPaint();
    for (let i = 0; changed && i < 4; i++) {
      changed = false;
      await nextPaint();
    }
    observer.disconnect();
  }

  /* The Helios instance of the page and its frame rate, when there is one. */
  function heliosOf() {
    const h = window.helios;
    if (!h || typeof h.seek !== 'function') return null;
    const fps = h.fps && Number(h.fps.value);
    return { h, fps: Number.isFinite(fps) && fps > 0 ? fps : 0 };
  }

  /* The double nearest ms for which the library's (ms / 1000) * fps is
     exactly frame, so that its currentFrame is a whole number. */
  const f64 = new Float64Array(1), i64 = new BigInt64Array(f64.buffer);
  function exactTime(ms, frame, fps) {
    if ((ms / 1000) * fps === frame) return ms;
    for (let step = 1n; step <= 64n; step++) {
      for (const sign of [1n, -1n]) {
        f64[0] = ms;
        i64[0] += sign * step;
        if ((f64[0] / 1000) * fps === frame) return f64[0];
      }
    }
    return ms;
  }

  /* The time-control scripts of same-origin iframes (nested ones are
     reached through theirs). */
  function childFrames() {
    const found = [];
    for (let i = 0; i < window.frames.length; i++) {
      try {
        const r = window.frames[i].__heliosRender;
        if (r) found.push(r);
      } catch (e) { /* another origin: its clocks are its own */ }
    }
    return found;
  }

  /* Settle on frame of a render at fpsNum/fpsDen.  A Helios page is shown
     at its own frame floor(t * its fps), and every clock of the page reads
     that frame's time, so the library's waitUntilStable agrees with it. */
  async function seek(frame, fpsNum, fpsDen, nested = false) {
    const helios = heliosOf();
    const renderFps = fpsNum / fpsDen;
    let time = frame * fpsDen * 1000 / fpsNum;
    let pageFrame = frame, pageFps = renderFps;
    if (helios && helios.fps && helios.fps !== renderFps) {
      pageFps = helios.fps;
      pageFrame = Math.floor(frame * fpsDen * pageFps / fpsNum + 1e-7);
      time = pageFrame * 1000 / pageFps;
    }
    const target = exactTime(time, pageFrame, pageFps), frameMs = fpsDen * 1000 / fpsNum;
    const timed = advance(target, frameMs);
    if (timed) await timed;
    now = target;
    seed = (frame * 0x9e3779b1) | 0;
    window.__HELIOS_VIRTUAL_TIME__ = now;
    syncAnimations();
    seeded = true;
    await mediaLoaded();
    setMedia();
    if (helios) await helios.h.seek(pageFrame);
    const gsapTimeline = window.__helios_gsap_timeline__;
    if (gsapTimeline && typeof gsapTimeline.seek === 'function') gsapTimeline.seek(now / 1000, false);
    runAnimationFrames();
    /* What the callbacks set to run at once (a framework's zero timeout). */
    const zero = advance(now, frameMs);
    if (zero) await zero;
    syncAnimations();
    /* Again: the library and the callbacks may have moved them. */
    setMedia();
    await mediaReady();
    const h = window.helios;
    if (h && typeof h.waitUntilStable === 'function') {
      /* The library re-checks through requestAnimationFrame: keep running
         the page's callbacks, at this frame's time, until it is stable. */
      let stable = false;
      const wait = Promise.resolve(h.waitUntilStable()).then(() => { stable = true; });
      while (!stable) {
        await Promise.race([wait, nextPaint()]);
        if (!stable) runAnimationFrames();
      }
      await wait;
      if (gsapTimeline && typeof gsapTimeline.seek === 'function') gsapTimeline.seek(now / 1000, false);
    }
    await settleAnimations();
    const children = childFrames();
    if (children.length) await Promise.all(children.map((r) => r.seek(frame, fpsNum, fpsDen, true)));
    /* The document that holds an iframe waits for the paint. */
    if (!nested) await paint();
  }

  async function ready() {
    if (document.fonts) await document.fonts.ready;
    await Promise.all(animations().map((a) => a.ready.catch(() => null)));
    await Promise.all(childFrames().map((r) => r.ready()));
  }

  /* The element selector finds, and why canvas mode cannot capture it
     (null when it can): a value rather than an exception, so that the
     renderer tells it from the page's own errors (canvasProblem). */
  function findCanvas(selector) {
    const el = queryDeep(selector);
    if (!el) return { el, problem: `canvas mode: no element matches '${selector}'` };
    if (!(el instanceof HTMLCanvasElement))
      return { el, problem: `canvas mode: '${selector}' is a <${el.tagName.toLowerCase()}>, not a <canvas>` };
    return { el, problem: null };
  }

  function canvasProblem(selector) {
    return findCanvas(selector).problem;
  }

  function canvas(selector) {
    const { el, problem } = findCanvas(selector);
    if (problem) throw new Error(problem);
    return el;
  }

  /* A number the page declares, itself or as a signal's .value; 0 when none. */
  function declared(s) {
    const n = Number(s && typeof s === 'object' && 'value' in s ? s.value : s);
    return Number.isFinite(n) && n > 0 ? n : 0;
  }

  /* Sound sources for the encoder: one entry per audible element.  `end`
     is the composition's own duration, where a fade-out of a clip that
     runs on (a loop) ends; 0 when the page declares none. */
  function media(end = window.helios ? declared(window.helios.duration) : 0) {
    const own = mediaElements()
      .filter((el) => !el.hasAttribute('data-helios-no-audio') && !el.muted && (el.currentSrc || el.src))
      .map((el) => ({
        src: el.currentSrc || el.src,
        offset: num(el, 'data-helios-offset'),
        seek: num(el, 'data-helios-seek'),
        volume: el.volume,
        loop: el.loop,
        fadeIn: Math.max(0, num(el, 'data-helios-fade-in')),
        fadeOut: Math.max(0, num(el, 'data-helios-fade-out')),
        easing: el.getAttribute('data-helios-fade-easing') || 'linear',
        rate: mediaRate(el),
        end,
      }));
    /* Same-origin iframes' media play on the same clock. */
    return own.concat(...childFrames().map((r) => r.media(end)));
  }

  /* In-page encoding of a canvas (WebCodecs): frames never leave the page
     as images; the encoded chunks come back as IVF frame records (12-byte
     header: size, then the frame's index in the chunk as the timestamp) for
     ffmpeg to mux.  Each group of pictures gets an encoder of its own, so
     that its frames depend on nothing before it: a chunk starting on a group
     boundary encodes exactly what the whole render encodes there.  The
     constructors are taken now, before the page's scripts can replace them. */
  const RealEncoder = window.VideoEncoder, RealFrame = window.VideoFrame;
  let encoding = null;

  function encoderConfig(o) {
    return {
      codec: o.codec, width: o.width, height: o.height, framerate: o.fpsNum / o.fpsDen,
      bitrateMode: 'quantizer', latencyMode: 'quality', alpha: 'discard',
      hardwareAcceleration: 'prefer-software',
    };
  }

  /* '' when the canvas can be encoded here, else why not. */
  async function encodeStart(selector, o) {
    const el = canvas(selector);
    if (!RealEncoder || !RealFrame) return 'the browser has no WebCodecs VideoEncoder';
    if (el.width !== o.width || el.height !== o.height)
      return `the canvas is ${el.width}x${el.height}, not the output's ${o.width}x${o.height}`;
    let support;
    try {
      support = await RealEncoder.isConfigSupported(encoderConfig(o));
    } catch (e) {
      return `VideoEncoder.isConfigSupported: ${e.message}`;
    }
    if (!support || !support.supported) return `the browser's VideoEncoder cannot encode ${o.codec} at a fixed quantizer`;
    encoding = { selector, o, encoder: null, out: [], bytes: 0, emitted: 0, error: null };
    return '';
  }

  function record(e, chunk) {
    const rec = new Uint8Array(12 + chunk.byteLength);
    const view = new DataView(rec.buffer);
    view.setUint32(0, chunk.byteLength, true);
    view.setBigUint64(4, BigInt(e.emitted++), true);
    chunk.copyTo(rec.subarray(12));
    e.out.push(rec);
    e.bytes += rec.length;
  }

  async function closeEncoder(e) {
    if (!e.encoder) return;
    await e.encoder.flush();
    e.encoder.close();
    e.encoder = null;
  }

  async function openEncoder(e) {
    await closeEncoder(e);
    e.encoder = new RealEncoder({ output: (chunk) => record(e, chunk), error: (err) => { e.error = err.message; } });
    e.encoder.configure(encoderConfig(e.o));
  }

  function toBase64(bytes) {
    if (bytes.toBase64) return bytes.toBase64();
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(s);
  }

  /* The records encoded so far, as base64 ('' when none). */
  function take(e) {
    if (e.error) throw new Error(`VideoEncoder: ${e.error}`);
    if (e.out.length === 0) return '';
    const all = new Uint8Array(e.bytes);
    let at = 0;
    for (const rec of e.out) { all.set(rec, at); at += rec.length; }
    e.out = [];
    e.bytes = 0;
    return toBase64(all);
  }

  function dequeued(encoder) {
    if ('ondequeue' in encoder)
      return new Promise((resolve) => encoder.addEventListener('dequeue', resolve, { once: true }));
    return new Promise((resolve) => realSetTimeout(resolve, 1));
  }

  /* Encode the canvas as frame `index` of the chunk (composition frame
     `frame`, already seeked to): a key frame at the chunk's first frame and
     on every multiple of the group size. */
  async function encodeFrame(frame, index) {
    const e = encoding, o = e.o;
    const key = index === 0 || frame % o.gop === 0;
    /* Looked up every frame, as toDataURL would: a page may replace it. */
    const el = canvas(e.selector);
    if (el.width !== o.width || el.height !== o.height)
      throw new Error(`canvas mode: the canvas became ${el.width}x${el.height} at frame ${frame}, ` +
                      `not the output's ${o.width}x${o.height}`);
    if (key) await openEncoder(e);
    const us = (i) => Math.round(i * 1e6 * o.fpsDen / o.fpsNum);
    const picture = new RealFrame(el, { timestamp: us(index), duration: us(index + 1) - us(index) });
    const options = { keyFrame: key };
    options[o.codec.startsWith('av01') ? 'av1' : 'vp9'] = { quantizer: o.quantizer };
    try {
      e.encoder.encode(picture, options);
    } finally {
      picture.close();
    }
    /* A few frames in flight keep the encoder busy while the page draws the
       next; more would only hold memory. */
    while (e.encoder.encodeQueueSize > 3 && !e.error) await dequeued(e.encoder);
    return take(e);
  }

  async function encodeEnd(count) {
    const e = encoding;
    await closeEncoder(e);
    const rest = take(e);
    if (e.emitted !== count) throw new Error(`VideoEncoder: ${e.emitted} chunks for ${count} frames`);
    return rest;
  }

  /* What the page declares of itself, for helios probe: the Helios
     instance's duration, fps and size (signals; their .value is read),
     and the canvas the selector finds. */
  function composition(selector) {
    const value = declared;
    const h = window.helios;
    const el = queryDeep(selector);
    const isCanvas = el instanceof HTMLCanvasElement;
    return {
      helios: !!(h && typeof h.seek === 'function'),
      duration: h ? value(h.duration) : 0,
      fps: h ? value(h.fps) : 0,
      width: h ? value(h.width) : 0,
      height: h ? value(h.height) : 0,
      canvas: isCanvas,
      canvasWidth: isCanvas ? el.width : 0,
      canvasHeight: isCanvas ? el.height : 0,
    };
  }

  Object.defineProperty(window, '__heliosRender', {
    value: Object.freeze({
      seek, ready, canvas, canvasProblem, media, composition, encodeStart, encodeFrame, encodeEnd,
      clock: () => ({ now, seeded }),
    }),
  });
})();
