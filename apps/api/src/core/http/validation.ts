import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldErrorDto } from './error-response.dto';

export class ValidationFailedException extends BadRequestException {
  constructor(readonly details: FieldErrorDto[]) {
    super(details.flatMap((d) => d.messages).join('; ') || 'Validation failed');
  }
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldErrorDto[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** Whitelist DTO fields, reject unknown ones, and name every failing field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationFailedException(flattenValidationErrors(errors)),
  });
}
