// A counter that a setInterval ticks every 100 ms, written as any page
// would: frame i at 30 fps shows floor(i / 3).
import { domMarker } from './marker.js';

const show = domMarker(document.getElementById('marker'));
const label = document.getElementById('count');
let count = 0;
show(count);
setInterval(() => {
  count += 1;
  label.textContent = String(count);
  show(count);
}, 100);
