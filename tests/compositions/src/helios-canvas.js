// Helios on a 2D canvas, as the Helios examples write it: bound to the
// document timeline, drawn from subscribe().  The page's fps is 30 unless
// the HTML sets window.COMPOSITION_FPS first.
import { Helios } from '@helios-project/core';
import { drawMarker } from './marker.js';

const canvas = document.querySelector('canvas');
canvas.width = window.innerWidth;
canvas.height = window.innerHeight;
const ctx = canvas.getContext('2d');

const helios = new Helios({ duration: 20, fps: window.COMPOSITION_FPS || 30 });
helios.bindToDocumentTimeline();

helios.subscribe((state) => {
  ctx.fillStyle = '#203040';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  drawMarker(ctx, state.currentFrame, canvas.width, canvas.height);
  ctx.fillStyle = '#fff';
  ctx.font = `${Math.round(canvas.height / 8)}px sans-serif`;
  ctx.fillText('helios frame ' + state.currentFrame, 10, canvas.height * 0.8);
});

window.helios = helios;
