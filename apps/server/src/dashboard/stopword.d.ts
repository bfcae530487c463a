// stopword ships no types; this declares the one list CodeGenie reads.
declare module "stopword" {
  /** The English stop words (lower case). */
  export const eng: string[];
}
