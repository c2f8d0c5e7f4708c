// typed.js as its README shows it: a typewriter whose every keystroke is
// a setTimeout of the type speed, humanized with Math.random().  The
// stripes show how many characters are typed.
import Typed from 'typed.js';
import { domMarker } from './marker.js';

const show = domMarker(document.getElementById('marker'));
const text = document.getElementById('text');
show(0);
new MutationObserver(() => show(text.textContent.length))
  .observe(text, { childList: true, characterData: true, subtree: true });
new Typed('#text', {
  strings: ['Every frame keeps composition time, whatever the timers say.'],
  typeSpeed: 50,
});
