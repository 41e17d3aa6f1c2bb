import { z } from 'zod';
import { localizedText } from './locale';

export interface CategoryNode {
  id: string;
  slug: string;
  name: z.infer<typeof localizedText>;
  description: z.infer<typeof localizedText>;
  icon: string;
  position: number;
  children: CategoryNode[];
}

// Recursive, so a named component of the OpenAPI document that refers to itself.
export const categoryNode: z.ZodType<CategoryNode> = z
  .lazy(() =>
    z.object({
      id: z.string(),
      slug: z.string(),
      name: localizedText,
      description: localizedText,
      icon: z.string(),
      position: z.number().int(),
      children: z.array(categoryNode),
    }),
  )
  .meta({ id: 'CategoryNode' });

export const categoryTree = z.object({ categories: z.array(categoryNode) });
export type CategoryTree = z.infer<typeof categoryTree>;

export const city = z.object({
  id: z.string(),
  slug: z.string(),
  name: localizedText,
  latitude: z.number(),
  longitude: z.number(),
});
export const cityList = z.object({ cities: z.array(city) });
export type City = z.infer<typeof city>;
