import { Field, InputType } from 'type-graphql';

/** Shapes only: every rule (trimming, lengths, email form) is the core's. */
@InputType('CreateUserInput')
export class CreateUserInputObject {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  firstName!: string;

  @Field(() => String)
  lastName!: string;

  @Field(() => String)
  password!: string;
}

@InputType('UpdateUserInput', { description: 'Only the fields given are changed.' })
export class UpdateUserInputObject {
  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  password?: string | null;
}
