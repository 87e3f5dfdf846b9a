// The development runtime is the same runtime (see jsx-runtime.ts).
export * from './jsx-runtime';
