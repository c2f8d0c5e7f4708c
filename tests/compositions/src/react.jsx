// A React page: the frame reaches the components through state set from
// Helios' subscribe(), so React renders it asynchronously after the seek.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Helios } from '@helios-project/core';
import { bits } from './marker.js';

const helios = new Helios({ duration: 20, fps: 30 });
helios.bindToDocumentTimeline();
window.helios = helios;

function useFrame() {
  const [frame, setFrame] = useState(helios.getState().currentFrame);
  useEffect(() => helios.subscribe((state) => setFrame(state.currentFrame)), []);
  return frame;
}

function Marker({ frame }) {
  return (
    <div style={{ position: 'absolute', left: 0, top: 0, width: '100%', height: '50%', display: 'flex' }}>
      {bits(frame).map((on, k) => <div key={k} style={{ flex: 1, background: on ? '#fff' : '#000' }} />)}
    </div>
  );
}

function App() {
  const frame = useFrame();
  return (
    <>
      <Marker frame={frame} />
      <p style={{ position: 'absolute', top: '55%', left: 10, color: '#fff', font: '24px sans-serif' }}>frame {frame}</p>
    </>
  );
}

createRoot(document.getElementById('root')).render(<App />);
