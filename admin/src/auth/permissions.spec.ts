import { STAFF_ROLES } from '@tableside/shared';
import {
  APP_PAGES,
  PAGE_PATHS,
  PAGE_TITLES,
  canAccess,
  homePathFor,
  pageForPath,
  pagesFor,
} from './permissions';

describe('role → page permissions', () => {
  it('gives HQ_ADMIN every page', () => {
    expect(pagesFor('HQ_ADMIN')).toEqual([...APP_PAGES]);
  });

  it('gives MARKETER marketing pages but no store operations or cashier', () => {
    expect(pagesFor('MARKETER')).toEqual([
      'dashboard',
      'members',
      'segments',
      'couponTemplates',
      'campaigns',
      'automations',
      'storedValue',
      'imports',
    ]);
    expect(canAccess('MARKETER', 'cashier')).toBe(false);
    expect(canAccess('MARKETER', 'auditLog')).toBe(false);
  });

  it('gives STORE_MANAGER store pages and the cashier', () => {
    expect(pagesFor('STORE_MANAGER')).toEqual([
      'dashboard',
      'members',
      'stores',
      'staff',
      'payments',
      'cashier',
    ]);
    expect(canAccess('STORE_MANAGER', 'couponTemplates')).toBe(false);
    expect(canAccess('STORE_MANAGER', 'auditLog')).toBe(false);
    expect(canAccess('STORE_MANAGER', 'imports')).toBe(false);
  });

  it('gives CASHIER the cashier only', () => {
    expect(pagesFor('CASHIER')).toEqual(['cashier']);
    expect(canAccess('CASHIER', 'dashboard')).toBe(false);
  });

  it('sends each role to its first page', () => {
    expect(homePathFor('HQ_ADMIN')).toBe('/dashboard');
    expect(homePathFor('MARKETER')).toBe('/dashboard');
    expect(homePathFor('STORE_MANAGER')).toBe('/dashboard');
    expect(homePathFor('CASHIER')).toBe('/cashier');
  });

  it('lets every role reach at least one page and titles every page', () => {
    for (const role of STAFF_ROLES) expect(pagesFor(role).length).toBeGreaterThan(0);
    for (const page of APP_PAGES) expect(PAGE_TITLES[page]).toMatch(/\S/);
  });

  it('maps paths (and sub-paths) back to their page', () => {
    expect(pageForPath('/members')).toBe('members');
    expect(pageForPath('/members/m_42')).toBe('members');
    expect(pageForPath('/membership')).toBeUndefined();
    expect(pageForPath('/nope')).toBeUndefined();
    for (const page of APP_PAGES) expect(pageForPath(PAGE_PATHS[page])).toBe(page);
  });
});
