// The machine-checkable marker every test composition draws: the top half
// of the frame is 16 vertical stripes, stripe k (from the left) white when
// bit k of the value is set.  tests/lib.sh's `markers` reads it back from
// a video, one value per frame, whatever the codec did to the edges.
export const BITS = 16;

export function bits(value) {
  const v = Math.max(0, Math.floor(value)) % (1 << BITS);
  return Array.from({ length: BITS }, (_, k) => (v >> k) & 1);
}

// On a 2D canvas context sized width x height.
export function drawMarker(ctx, value, width, height) {
  const stripe = width / BITS;
  bits(value).forEach((on, k) => {
    ctx.fillStyle = on ? '#fff' : '#000';
    ctx.fillRect(Math.round(k * stripe), 0, Math.round((k + 1) * stripe) - Math.round(k * stripe), height / 2);
  });
}

// As DOM: a row of 16 elements in container, restyled on every call.
export function domMarker(container) {
  container.style.cssText = 'position:absolute;left:0;top:0;width:100%;height:50%;display:flex';
  const cells = Array.from({ length: BITS }, () => {
    const cell = document.createElement('div');
    cell.style.cssText = 'flex:1;background:#000';
    container.appendChild(cell);
    return cell;
  });
  return (value) => bits(value).forEach((on, k) => { cells[k].style.background = on ? '#fff' : '#000'; });
}
