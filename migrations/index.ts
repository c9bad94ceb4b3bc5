import { Migration20261126000000Initial } from './Migration20261126000000Initial';

/**
 * The ordered chain of migrations, listed explicitly so that they run the same from `src/`
 * under swc and from `dist/` without file-system discovery.
 */
export const MIGRATIONS = [{ name: 'Migration20261126000000Initial', class: Migration20261126000000Initial }];
