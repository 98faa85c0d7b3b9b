/**
 * The syntax of a key in the wiki's source registry: one definition for the registry itself
 * (src/wiki/source.parse.ts) and for the film records that cite sources by key
 * (src/catalog/catalog.format.ts), which must not reach into the wiki to learn it.
 */

// Pandoc ends a key at punctuation not followed by a letter, digit or _ ("[@smith2001.]" cites
// smith2001), so a key never ends in punctuation nor holds two marks in a row; ours also starts and
// ends with a letter or digit.
export const SOURCE_KEY = Object.freeze({
  pattern: '^[A-Za-z0-9](?:[A-Za-z0-9_]|[:.#$%&+?<>~/-](?=[A-Za-z0-9_]))*(?<=[A-Za-z0-9])$',
  minLength: 2,
  maxLength: 64,
  /** The pattern in words, for error messages. */
  hint: 'letters, digits and _ with single marks of :.#$%&+?<>~/- between them, starting and ending with a letter or digit',
});
