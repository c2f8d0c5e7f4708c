// three.js on WebGL, drawn from Helios' subscribe(): the marker stripes are
// planes in an orthographic scene, beside a rotating cube.
import * as THREE from 'three';
import { Helios } from '@helios-project/core';
import { BITS, bits } from './marker.js';

const canvas = document.querySelector('canvas');
const renderer = new THREE.WebGLRenderer({ canvas, antialias: false });
renderer.setSize(window.innerWidth, window.innerHeight, false);

// Units: the frame is 16 wide and 2 high; the stripes fill the top half.
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x102030);
const camera = new THREE.OrthographicCamera(0, BITS, 2, 0, -10, 10);
const white = new THREE.MeshBasicMaterial({ color: 0xffffff });
const black = new THREE.MeshBasicMaterial({ color: 0x000000 });
const stripes = Array.from({ length: BITS }, (_, k) => {
  const plane = new THREE.Mesh(new THREE.PlaneGeometry(1, 1), black);
  plane.position.set(k + 0.5, 1.5, 0);
  scene.add(plane);
  return plane;
});
const cube = new THREE.Mesh(new THREE.BoxGeometry(0.6, 0.6, 0.6), new THREE.MeshNormalMaterial());
cube.position.set(BITS / 2, 0.5, 0);
// A unit is wider than it is high on screen: keep the cube a cube.
cube.scale.set((BITS / 2) * window.innerHeight / window.innerWidth, 1, 1);
scene.add(cube);

const helios = new Helios({ duration: 20, fps: 30 });
helios.bindToDocumentTimeline();
helios.subscribe((state) => {
  bits(state.currentFrame).forEach((on, k) => { stripes[k].material = on ? white : black; });
  cube.rotation.x = cube.rotation.y = state.currentFrame / 30;
  renderer.render(scene, camera);
});

window.helios = helios;
