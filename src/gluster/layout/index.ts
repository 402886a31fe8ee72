// The layout validator: will `gluster volume create` (or add-brick) accept this,
// why not, how to fix it, and what the volume will look like. Pure, no I/O.
export * from './types.js';
export { validateCreate } from './rules.js';
export { validateAddBrick, type AddBrickInput, type ExistingVolume } from './add-brick.js';
export { checkCreateWords, type CheckOptions, type BrickFacts } from './check.js';
export { splitPastedCommand } from './command.js';
export { parseCreateWords, parseAddBrickWords, type ParsedCreate, type ParsedAddBrick } from './parse-words.js';
export { suggestLayouts, layoutWords, type Suggestion, type SuggestInput } from './suggest.js';
export { checkVolumeName, maxVolumeNameLength } from './volume-name.js';
export { NEWEST_GLUSTER, parseGlusterVersion, rulesFor, type GlusterRules, type GlusterVersion } from './version.js';
