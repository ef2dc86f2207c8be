import "next-auth/jwt";

declare module "next-auth/jwt" {
  interface JWT {
    /** Our Session row id; the row, not the token, decides whether the user is signed in. */
    sid?: string;
  }
}
