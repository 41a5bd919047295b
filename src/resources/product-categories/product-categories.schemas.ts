import { Type } from '@sinclair/typebox';
import { listEnvelope, oneEnvelope } from '../../http/conventions/fields.ts';
import { listQuery } from '../../http/conventions/list-query.ts';

export const ProductCategorySchema = Type.Object({
  id: Type.String({ examples: ['pcat_38a43d5e68a8dce5'] }),
  name: Type.String({ examples: ['Boxes'] }),
});

export const ProductCategoryParams = Type.Object({ product_category_id: Type.String() });
/** No sort parameters on this endpoint: categories come alphabetically. */
export const ProductCategoriesQuery = listQuery({ expand: true });
export const ProductCategoryEnvelope = oneEnvelope('product_category', ProductCategorySchema);
export const ProductCategoriesEnvelope = listEnvelope('product_categories', ProductCategorySchema);
