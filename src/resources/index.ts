import type { ResourceModule } from './module.ts';
import { sitesModule } from './sites/sites.routes.ts';
import { unitTypesModule } from './unit-types/unit-types.routes.ts';
import { sandboxModule } from './sandbox/sandbox.routes.ts';
import { imagesModule } from './images/images.routes.ts';

/** Every API resource. A new resource folder adds its module here. */
export const apiModules: ResourceModule[] = [sitesModule, unitTypesModule, imagesModule, sandboxModule];
