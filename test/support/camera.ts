import { writeFileSync } from 'node:fs';
import { qrMatrix } from '../../src/labels/symbols';

const W = 640;
const H = 480;

/** One camera frame (Y plane of a 4:2:0 picture) showing the QR code of `text` on a grey bench. */
function qrFrame(text: string): Buffer {
  const m = qrMatrix(text);
  const scale = Math.floor(360 / (m.size + 8));
  const side = (m.size + 8) * scale;
  const x0 = Math.floor((W - side) / 2);
  const y0 = Math.floor((H - side) / 2);
  const y = new Uint8Array(W * H).fill(200);
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const mr = Math.floor(r / scale) - 4;
      const mc = Math.floor(c / scale) - 4;
      const dark = mr >= 0 && mc >= 0 && mr < m.size && mc < m.size && m.dark(mr, mc);
      y[(y0 + r) * W + x0 + c] = dark ? 16 : 235;
    }
  }
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  return Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
}

/** An empty bench between two labels, so the same label shown again is a new scan. */
function blankFrame(): Buffer {
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  return Buffer.concat([Buffer.from('FRAME\n'), new Uint8Array(W * H).fill(200), chroma, chroma]);
}

/**
 * A camera pointed at labels, one after the other, for Chromium's fake capture device (`.y4m`, 10
 * frames a second, played in a loop): each label for `seconds`, with a second of empty bench between.
 */
export function labelsVideo(file: string, texts: string[], seconds = 2) {
  const frames: Buffer[] = [];
  for (const text of texts) {
    const f = qrFrame(text);
    for (let i = 0; i < seconds * 10; i++) frames.push(f);
    if (texts.length > 1) for (let i = 0; i < 10; i++) frames.push(blankFrame());
  }
  writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...frames]));
}

export const fakeCameraArgs = (video: string) => ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`];
