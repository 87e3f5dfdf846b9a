// Types for layers.js, so that scripts/codemods/public-modules.ts can import the same lists.
export declare const KERNEL: string[];
export declare const PRIVATE: string[];
export declare const PUBLIC_MODULE: Record<string, string>;
