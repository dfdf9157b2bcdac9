export { lexDrbd } from './lexer.js';
export { parseDrbd, type DrbdComment, type DrbdDocument, type DrbdStatement, type DrbdWord } from './model.js';
