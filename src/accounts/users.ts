/** Accounts: adding users and checking their passwords. */
import { PaperboyError } from '../core/errors.js';
import type { Store, UserRecord } from '../store/store.js';
import { DEFAULT_SCRYPT, dummyHash, hashPassword, passwordProblem, verifyPassword, type ScryptParams } from './password.js';

/** Letters, digits and . _ - ; 1 to 64 characters. */
const NAME = /^[\p{L}\p{N}._-]{1,64}$/u;

export async function addUser(
  store: Store,
  input: { name: string; password: string; admin?: boolean },
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<UserRecord> {
  if (!NAME.test(input.name)) throw new PaperboyError('BAD_INPUT', 'a user name has 1 to 64 letters, digits, dots, dashes or underscores');
  const problem = passwordProblem(input.password);
  if (problem) throw new PaperboyError('BAD_INPUT', problem);
  if (await store.userByName(input.name)) throw new PaperboyError('CONFLICT', `a user named ${JSON.stringify(input.name)} already exists`);
  return store.createUser({ name: input.name, passwordHash: await hashPassword(input.password, params), admin: input.admin ?? false });
}

/** The user of that name, or a NOT_FOUND error saying how to add one. */
export async function userNamed(store: Store, name: string): Promise<UserRecord> {
  const user = await store.userByName(name);
  if (!user) throw new PaperboyError('NOT_FOUND', `no user named ${JSON.stringify(name)}: add one with paperboy user add`);
  return user;
}

/** A plausible mail address: one @, no spaces or angle brackets, a dot in the domain; at most 254 characters. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** Sets (or, with undefined, clears) where a user's digests go, after checking the address. */
export async function setEmail(store: Store, userId: number, address: string | undefined): Promise<void> {
  const email = address?.trim();
  if (email !== undefined && (email.length > 254 || !EMAIL.test(email))) throw new PaperboyError('BAD_INPUT', `email: ${JSON.stringify(email)} is not a mail address`);
  await store.setUserEmail(userId, email);
}

/** The user when name and password match; undefined otherwise (taking as long either way). */
export async function checkPassword(store: Store, name: string, password: string): Promise<UserRecord | undefined> {
  const user = await store.userByName(name);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  return ok && user ? user : undefined;
}
