/** The run configuration: types, codecs, defaults, decoding, overrides and its reference doc. */
export * from './brands.js';
export * from './config-diff.js';
export * from './config-error.js';
export * from './decode-run-config.js';
export * from './describe-config.js';
export * from './field-docs.js';
export * from './overrides.js';
export * from './run-config.js';
export * from './validate-run-config.js';
export { DefaultedType, LeafType, ListType, StrictType } from './combinators.js';
