import { compedSeatsFor, seatLimitOf, seatsToKeep } from './seats';

describe('seats of a subscription', () => {
  it('adds plan, bought and comped seats into the seat limit', () => {
    expect(seatLimitOf({ seatsIncluded: 3, addOnSeats: 2, compedSeats: 1 })).toBe(6);
  });

  it('comps what an admin’s total leaves after the plan and bought seats, and refuses less than those', () => {
    expect(compedSeatsFor(8, { seatsIncluded: 1, addOnSeats: 0 })).toBe(7);
    expect(compedSeatsFor(5, { seatsIncluded: 3, addOnSeats: 2 })).toBe(0);
    expect(compedSeatsFor(4, { seatsIncluded: 3, addOnSeats: 2 })).toBeNull();
    for (let total = 1; total <= 50; total++) {
      const comped = compedSeatsFor(total, { seatsIncluded: 3, addOnSeats: 1 });
      if (comped !== null) expect(seatLimitOf({ seatsIncluded: 3, addOnSeats: 1, compedSeats: comped })).toBe(total);
    }
  });

  it('keeps a seat limit on the move onto a plan: 7 on a 1-seat plan is 6 comped, never fewer than none', () => {
    expect(seatsToKeep(7, 1)).toBe(6);
    expect(seatsToKeep(1, 1)).toBe(0);
    expect(seatsToKeep(2, 5)).toBe(0);
  });
});
