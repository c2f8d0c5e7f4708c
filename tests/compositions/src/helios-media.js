// Media on a Helios page.  The library's DomDriver writes each element's
// volume (its fades multiplied in) and playback rate at every frame; the
// render hears the values the page gave, its fades applied once.
import { Helios } from '@helios-project/core';

const helios = new Helios({ duration: 3, fps: 5, autoSyncAnimations: true });
helios.bindToDocumentTimeline();

const music = document.getElementById('music');
music.volume = 0.5;
music.playbackRate = 2;

window.helios = helios;
