// Glide.js as its documentation shows it: a carousel with autoplay, which
// moves to the next slide every 800 ms (a setInterval) with a 300 ms CSS
// transition of the track.
import Glide from '@glidejs/glide';
import '@glidejs/glide/dist/css/glide.core.css';

new Glide('.glide', { type: 'slider', autoplay: 800, animationDuration: 300, animationTimingFunc: 'linear',
                      hoverpause: false, perView: 1, gap: 0 }).mount();
