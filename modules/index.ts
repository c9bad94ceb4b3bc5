import { OneDoorModule } from '../src/kernel';
import { educationModule } from './education/education.module';
import { inspectorateModule } from './inspectorate/inspectorate.module';
import { landModule } from './land/land.module';
import { taxModule } from './tax/tax.module';

/**
 * The registry: the one explicit list of agency modules. Only the composition root
 * (`src/main.ts`) and tooling read it; `MODULES=land,tax` selects a subset at start.
 */
export const ALL_MODULES: readonly OneDoorModule[] = [taxModule, inspectorateModule, educationModule, landModule];
