import { InvalidArgumentError } from 'commander';
import { isRole, ROLES, type Role } from '../../platform/access/actor.ts';

/**
 * Parsers for option values. A value that cannot be right whatever the database holds (not a number,
 * not a role) is a usage error: commander reports it and the CLI exits 2. Rules that belong to the
 * domain (a token's longest life, an email's format) stay in the services, which refuse with exit 1.
 */
export function parseWholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new InvalidArgumentError('Enter a whole number.');
  }
  return Number(value);
}

export function collectRole(value: string, previous: Role[] | undefined): Role[] {
  const role = value.trim().toLowerCase().replaceAll('-', '_');
  if (!isRole(role)) {
    throw new InvalidArgumentError(`Use one of: ${ROLES.join(', ')}.`);
  }
  return [...(previous ?? []), role];
}

export function parseRole(value: string): Role {
  const [role] = collectRole(value, []);
  return role as Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseUuid(value: string): string {
  const trimmed = value.trim();
  if (!UUID.test(trimmed)) {
    throw new InvalidArgumentError('Enter an id like 0199b1a2-3c4d-7e8f-9a0b-1c2d3e4f5a6b (as shown by the list command).');
  }
  return trimmed.toLowerCase();
}
