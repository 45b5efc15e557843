import type { BuildOptions } from 'esbuild';

export declare const serverDist: string;
export declare const serverEntry: string;
export declare function serverBuildIsStale(): boolean;
export declare function buildServer(): Promise<void>;
export declare const nodeBundle: BuildOptions;
