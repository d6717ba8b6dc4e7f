/**
 * A client's seat limit is the plan's seats, plus the seats bought, plus the seats we give free
 * (comped). An admin names the total; the comped seats are what the plan and purchases leave.
 */
export function seatLimitOf(s: { seatsIncluded: number; addOnSeats: number; compedSeats: number }): number {
  return s.seatsIncluded + s.addOnSeats + s.compedSeats;
}

/** On the move onto a plan, the seats beyond the plan's that keep a client's seat limit as it was (free). */
export function seatsToKeep(seatLimit: number, seatsIncluded: number): number {
  return Math.max(seatLimit - seatsIncluded, 0);
}

/** The comped seats that make `total`; null when the plan and bought seats alone already exceed it. */
export function compedSeatsFor(total: number, s: { seatsIncluded: number; addOnSeats: number }): number | null {
  const paid = s.seatsIncluded + s.addOnSeats;
  return total >= paid ? total - paid : null;
}
