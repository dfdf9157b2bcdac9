export { lexLines } from './lexer.js';
export { parseLines, unquote, type LinesComment, type LinesDocument, type LinesRecord, type LinesWord } from './model.js';
