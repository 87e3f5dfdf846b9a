import type { AuditTables } from '../audit/tables';
import type { AuthTables } from '../auth/tables';
import type { DeviceTables } from '../devices/tables';
import type { DonationTables } from '../donations/tables';
import type { HardwareTables } from '../hardware/tables';
import type { HubTables } from '../hubs/tables';
import type { LabelTables } from '../labels/tables';
import type { ScanTables } from '../scan/tables';

/** Every table, composed from the feature that owns it. */
export interface Database extends HubTables, AuthTables, AuditTables, DonationTables, DeviceTables, HardwareTables, LabelTables, ScanTables {}
