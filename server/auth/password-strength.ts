import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary as common } from "@zxcvbn-ts/language-common";
import { dictionary as english, translations } from "@zxcvbn-ts/language-en";
import { MIN_PASSWORD_LENGTH } from "@/lib/password-rules";

export const MAX_PASSWORD_LENGTH = 1024;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
const MIN_SCORE = 3;

// Built on first use: the dictionaries are large and only the password-change path needs them.
let factory: ZxcvbnFactory | undefined;

/**
 * Why a new password would be weak — in words to show the user — or null when it is strong enough:
 * long enough, and not guessable by zxcvbn (common passwords, keyboard patterns, the person's own
 * email or name), never a hand-rolled character-class rule.
 */
export function passwordWeakness(password: string, personal: string[]): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  factory ??= new ZxcvbnFactory({ dictionary: { ...common, ...english }, graphs: adjacencyGraphs, translations });
  const result = factory.check(password.slice(0, 256), personal);
  if (result.score >= MIN_SCORE) return null;
  const hint = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(" ");
  return `This password is too easy to guess.${hint ? ` ${hint}` : " Try a few unrelated words."}`;
}
