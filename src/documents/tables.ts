/** The next progressive number of a kind of document (delivery, transfer) per hub and year. */
export interface DocumentCounterTable {
  hub_id: number;
  kind: 'delivery' | 'transfer';
  year: number;
  next_number: number;
}

export interface DocumentTables {
  document_counters: DocumentCounterTable;
}
