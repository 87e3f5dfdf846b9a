import type { Assets } from '../http/assets';
import { fromRoot } from '../paths';

/** The barcode decoder for browsers without BarcodeDetector: zxing-wasm's reader, served by the app (never a CDN). */
export function registerScanAssets(assets: Assets) {
  const dist = fromRoot('node_modules', 'zxing-wasm', 'dist');
  assets.add('zxing-reader.js', `${dist}/iife/reader/index.js`);
  assets.add('zxing_reader.wasm', `${dist}/reader/zxing_reader.wasm`);
}
