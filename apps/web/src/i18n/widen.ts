/** The shape of a zh-CN string table with any string in each place: what its translation must fill. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
