/** A column of the deals board; positions order the board and need not be contiguous. */
export interface DealStage {
  id: string;
  operatorId: string;
  name: string;
  position: number;
  createdAt: Date;
  updatedAt: Date;
}
