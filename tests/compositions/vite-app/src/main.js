// A Helios composition as `npm create` + `vite build` ship it: a module
// script and a stylesheet under /assets/, and data fetched from the site's
// root (public/offset.json), which the renderer waits for through a
// stability check.  The marker shows the frame plus the fetched offset.
import './style.css';
import { Helios } from '@helios-project/core';
import { drawMarker } from '../../src/marker.js';

const canvas = document.getElementById('composition');
canvas.width = window.innerWidth;
canvas.height = window.innerHeight;
const ctx = canvas.getContext('2d');

const helios = new Helios({ duration: 20, fps: 30 });
helios.bindToDocumentTimeline();

let offset = null;
const draw = (frame) => {
  ctx.fillStyle = offset === null ? '#800' : '#000';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (offset !== null) drawMarker(ctx, frame + offset, canvas.width, canvas.height);
};
const data = fetch('/offset.json')
  .then((response) => response.json())
  .then((json) => { offset = json.offset; draw(helios.currentFrame.value); });
helios.registerStabilityCheck(() => data);
helios.subscribe((state) => draw(state.currentFrame));

window.helios = helios;
