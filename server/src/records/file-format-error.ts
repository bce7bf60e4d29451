/** A file that cannot be read as what it claims to be: the message is for the person who uploaded it. */
export class FileFormatError extends Error {}
