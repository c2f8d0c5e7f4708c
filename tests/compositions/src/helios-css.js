// Helios driving the page's CSS animations (autoSyncAnimations).  The
// stripes are animated by the stylesheet in helios-css.html alone; the
// script only creates the Helios instance and a caption.
import { Helios } from '@helios-project/core';

const helios = new Helios({ duration: 20, fps: 30, autoSyncAnimations: true });
helios.bindToDocumentTimeline();

const caption = document.getElementById('caption');
helios.subscribe((state) => { caption.textContent = `frame ${state.currentFrame}`; });

window.helios = helios;
