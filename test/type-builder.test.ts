/**
 * The typed builder for generated GraphQL types (src/graphql/type-builder.ts): a type is a name,
 * a description and its fields as data; the class it returns is typed by those fields.
 * The type assertions below are checked by `tsc --noEmit -p .`.
 */
import { graphql, printSchema } from 'graphql';
import { Args, buildSchema, Float, Int, Query, registerEnumType, Resolver } from 'type-graphql';
import { argsType, field, inputType, objectType } from '../src/graphql/type-builder';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

enum Shade {
  LIGHT = 'LIGHT',
  DARK = 'DARK',
}
registerEnumType(Shade, { name: 'Shade' });

class Scores {
  values = [1, 2, 3];

  top(n: number): number[] {
    return this.values.slice(-n);
  }
}

const Paint = objectType('Paint', 'A paint.', {
  name: field(String, { description: 'Its name.' }),
  shade: field(Shade, { nullable: true }),
  tags: field(String, { list: true }),
  top: field(Int, { list: true, description: 'The n best scores.', resolve: Scores.prototype.top, args: { n: { type: () => Int, description: 'How many.' } } }),
}, Scores);

// Refers to itself through the class being defined.
const PaintFilter = inputType('PaintFilter', 'Conditions on paints.', (self) => ({
  name: field(String, { nullable: true }),
  not: field(self, { nullable: true }),
}));

const PaintArgs = argsType('PaintArgs', {
  filter: field(PaintFilter, { nullable: true, description: 'Conditions.' }),
  first: field(Int, { nullable: true }),
  ratio: field(Float, { defaultValue: 0.5 }),
});

assertType<Equal<InstanceType<typeof PaintArgs>['first'], number | null | undefined>>();
assertType<Equal<InstanceType<typeof PaintArgs>['ratio'], number>>();
assertType<Equal<InstanceType<typeof Paint>['shade'], Shade | null | undefined>>();
assertType<Equal<InstanceType<typeof Paint>['tags'], string[]>>();
assertType<Equal<InstanceType<typeof Paint>['top'], (n: number) => number[]>>();
assertType<Equal<InstanceType<typeof Paint>['values'], number[]>>();

@Resolver()
class PaintResolver {
  @Query(() => [Paint])
  paints(@Args(() => PaintArgs) args: InstanceType<typeof PaintArgs>): InstanceType<typeof Paint>[] {
    const paint = Object.assign(new Paint(), { name: `first ${args.first} ratio ${args.ratio}`, shade: Shade.DARK, tags: ['a'] });
    return [paint];
  }
}

describe('type builder', () => {
  it('declares fields in order, with their nullability, lists, descriptions, defaults and arguments', async () => {
    const schema = await buildSchema({ resolvers: [PaintResolver], validate: false });
    const sdl = printSchema(schema);
    expect(sdl).toContain(`"""A paint."""
type Paint {
  """Its name."""
  name: String!
  shade: Shade
  tags: [String!]!

  """The n best scores."""
  top(
    """How many."""
    n: Int!
  ): [Int!]!
}`);
    expect(sdl).toContain(`"""Conditions on paints."""
input PaintFilter {
  name: String
  not: PaintFilter
}`);
    expect(sdl).toContain(`paints(
    """Conditions."""
    filter: PaintFilter
    first: Int
    ratio: Float! = 0.5
  ): [Paint!]!`);

    const result = await graphql({ schema, source: '{ paints(first: 2) { name shade tags top(n: 2) } }' });
    expect(result).toEqual({ data: { paints: [{ name: 'first 2 ratio 0.5', shade: 'DARK', tags: ['a'], top: [2, 3] }] } });
  });
});
