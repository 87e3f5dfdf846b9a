import { describe, expect, it } from 'vitest';
import { eventFields } from '../../views/event-data';

describe("an event's data as the history reads it", () => {
  it('is its fields when it is a JSON object', () => {
    expect(eventFields('{"outcome":"refurbish","hasStorage":true}')).toEqual({ outcome: 'refurbish', hasStorage: true });
  });

  it('is no fields, never an error, when it is anything else', () => {
    for (const data of ['null', '42', '"text"', '[1,2]', 'true', '{not json', '']) expect(eventFields(data), data).toEqual({});
  });
});
