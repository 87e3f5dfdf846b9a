// Draws the app's home-screen icons (views/assets/icon-*.png) from geometry, with pngjs (already
// installed with qrcode): a green tile with a white loop, the programme's sign of reuse. The PNGs are
// committed; run `node scripts/make-icons.mjs` to draw them again after changing this file.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const GREEN = [0x0b, 0x5d, 0x1e];
const WHITE = [0xff, 0xff, 0xff];

/** Coverage of a pixel by the loop: a ring with a gap at the top right, closed by an arrow head. */
function ink(x, y) {
  const r = Math.hypot(x, y);
  const angle = Math.atan2(-y, x); // 0 at 3 o'clock, counter-clockwise
  const ring = r > 0.22 && r < 0.34 && !(angle > 0.15 && angle < 1.05);
  // Arrow head at the gap's clockwise end, pointing along the ring.
  const a0 = 1.05;
  const tip = [Math.cos(a0 + 0.42) * 0.28, -Math.sin(a0 + 0.42) * 0.28];
  const b1 = [Math.cos(a0) * 0.14, -Math.sin(a0) * 0.14];
  const b2 = [Math.cos(a0) * 0.42, -Math.sin(a0) * 0.42];
  const inTri = (p, a, b, c) => {
    const s = (p1, p2, p3) => (p1[0] - p3[0]) * (p2[1] - p3[1]) - (p2[0] - p3[0]) * (p1[1] - p3[1]);
    const d1 = s(p, a, b),
      d2 = s(p, b, c),
      d3 = s(p, c, a);
    return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
  };
  return ring || inTri([x, y], tip, b1, b2);
}

function draw(size, { maskable }) {
  const png = new PNG({ width: size, height: size });
  const scale = maskable ? 0.8 : 1; // maskable icons keep their drawing inside the safe circle
  const radius = maskable ? 0 : size * 0.18;
  const S = 4; // 4×4 samples per pixel
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let white = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = px + (sx + 0.5) / S;
          const y = py + (sy + 0.5) / S;
          // Rounded tile.
          const dx = Math.max(radius - x, 0, x - (size - radius));
          const dy = Math.max(radius - y, 0, y - (size - radius));
          if (radius && Math.hypot(dx, dy) > radius) continue;
          inside++;
          if (ink((x / size - 0.5) / scale, (y / size - 0.5) / scale)) white++;
        }
      }
      const i = (py * size + px) * 4;
      const t = white / Math.max(inside, 1);
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(GREEN[c] * (1 - t) + WHITE[c] * t);
      png.data[i + 3] = Math.round((inside / (S * S)) * 255);
    }
  }
  return PNG.sync.write(png);
}

for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  writeFileSync(new URL(`../views/assets/${name}`, import.meta.url), draw(size, { maskable }));
  console.log(`views/assets/${name}`);
}
