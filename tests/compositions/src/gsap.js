// A GSAP timeline registered for the renderer to seek
// (window.__helios_gsap_timeline__): nothing else moves it.  It tweens a
// counter from 0 to 600 over the composition's 20 seconds, so at time t it
// reads 30 t, the frame number at 30 fps.
import { Helios } from '@helios-project/core';
import { gsap } from 'gsap';
import { domMarker } from './marker.js';

const helios = new Helios({ duration: 20, fps: 30 });
helios.bindToDocumentTimeline();

const mark = domMarker(document.getElementById('marker'));
const counter = { value: 0 };
const tl = gsap.timeline({ paused: true });
tl.to(counter, { value: 600, duration: 20, ease: 'none', onUpdate: () => mark(Math.round(counter.value)) });
tl.to('#box', { x: 200, rotation: 360, duration: 4, ease: 'power1.inOut' }, 0);
mark(0);

window.__helios_gsap_timeline__ = tl;
window.helios = helios;
