import { randomUUID } from 'node:crypto';

/** Branded ids stop a person id being passed where a user id is meant. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
export type UserId = Brand<string, 'UserId'>;
export type AgencyId = Brand<string, 'AgencyId'>;
export type TeamId = Brand<string, 'TeamId'>;
export type PersonId = Brand<string, 'PersonId'>;
export type PartnershipId = Brand<string, 'PartnershipId'>;

export function newId<T extends string = string>(): T {
  return randomUUID() as T;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
