import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonErrors } from './app-error';

/** Route ids are UUID-shaped strings; anything else is a 404 rather than a database round trip. */
@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !/^[0-9a-fA-F-]{36}$/.test(value)) throw CommonErrors.NOT_FOUND();
    return value.toLowerCase();
  }
}
