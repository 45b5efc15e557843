export declare const root: string;
export declare function findFiles(dir: string, suffix: string): string[];
export declare function newestMtime(paths: string[]): number;
export declare function webBuildIsStale(): boolean;
