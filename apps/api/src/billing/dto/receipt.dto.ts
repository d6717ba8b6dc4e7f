import { ApiProperty } from '@nestjs/swagger';

export class ReceiptPartyDto {
  @ApiProperty({ example: 'Acme Roofing Ltd' }) name!: string;
  @ApiProperty({ type: [String], example: ['1 High Street', 'London', 'EC1A 1BB'] }) address!: string[];
  @ApiProperty({ nullable: true, type: String, example: 'GB123456789', description: 'VAT registration number, where there is one' })
  vatNumber!: string | null;
}

export class ReceiptLineDto {
  @ApiProperty({ example: 'LeadFlow credits' }) description!: string;
  @ApiProperty({ description: 'Minor units' }) netAmount!: number;
  @ApiProperty({ example: 2000, description: 'Basis points' }) vatRateBps!: number;
  @ApiProperty() vatAmount!: number;
  @ApiProperty() grossAmount!: number;
}

export class ReceiptDto {
  @ApiProperty({ format: 'uuid' }) paymentId!: string;
  @ApiProperty({ example: 'VAT receipt', description: '"VAT receipt", or "Receipt" when no VAT number is configured' }) title!: string;
  @ApiProperty({ example: 'INV-0042', description: 'The Xero invoice number once the payment is in Xero, else our reference (LF-…)' })
  number!: string;
  @ApiProperty({ format: 'date', description: 'The tax point: the day the payment was taken (business time zone)' }) issuedOn!: string;
  @ApiProperty({ format: 'date-time' }) paidAt!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ type: ReceiptPartyDto, description: 'Us' }) seller!: ReceiptPartyDto;
  @ApiProperty({ type: ReceiptPartyDto, description: 'The client' }) buyer!: ReceiptPartyDto;
  @ApiProperty({ type: [ReceiptLineDto] }) lines!: ReceiptLineDto[];
  @ApiProperty() netAmount!: number;
  @ApiProperty() vatAmount!: number;
  @ApiProperty() grossAmount!: number;
}
