/**
 * The internal panel's size from its EDID (hex, as the probe reads it from the eDP or LVDS connector in /sys/class/drm):
 * the first detailed timing descriptor's millimetres, else the basic block's centimetres.
 * VESA E-EDID 1.4, sections 3.6.2 (bytes 21–22) and 3.10.2 (bytes 66–68).
 */
import { refuse } from './input';

export function screenInchesFromEdid(value: unknown): number | null {
  const texts = typeof value === 'string' ? [value] : Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  if (!texts) refuse('display', 'wrongType');
  for (const text of texts) {
    const hex = text.replace(/[^0-9a-fA-F]/g, '');
    if (hex.length < 256) continue;
    const b = Buffer.from(hex.slice(0, 256), 'hex');
    if (b.subarray(0, 8).toString('hex') !== '00ffffffffffff00') refuse('display', 'unrecognised');
    let w = b[66]! | ((b[68]! & 0xf0) << 4);
    let h = b[67]! | ((b[68]! & 0x0f) << 8);
    if (w === 0 || h === 0 || (b[54] === 0 && b[55] === 0)) {
      w = b[21]! * 10;
      h = b[22]! * 10;
    }
    if (w > 0 && h > 0 && w < 2000 && h < 2000) return Math.round((Math.sqrt(w * w + h * h) / 25.4) * 10) / 10;
  }
  return null;
}
