import type { AuditTables } from '../audit/tables';
import type { AuthTables } from '../auth/tables';
import type { DeviceTables } from '../devices/tables';
import type { DeliveryTables } from '../deliveries/tables';
import type { DocumentTables } from '../documents/tables';
import type { DonationTables } from '../donations/tables';
import type { EquipmentTables } from '../equipment/tables';
import type { FigureTables } from '../figures/tables';
import type { ErasureTables } from '../erasure/tables';
import type { HardwareTables } from '../hardware/tables';
import type { HubTables } from '../hubs/tables';
import type { ImportTables } from '../imports/tables';
import type { LabelTables } from '../labels/tables';
import type { MailTables } from '../mail/tables';
import type { PartnerTables } from '../partners/tables';
import type { ProgrammeTables } from '../programme/tables';
import type { RequestTables } from '../requests/tables';
import type { ScanTables } from '../scan/tables';
import type { ClusterTables } from './tables';
import type { TransferTables } from '../transfers/tables';
import type { WorkshopTables } from '../workshop/tables';
import type { WriteTables } from '../shared/write/tables';

/** Every table, composed from the feature that owns it. */
export interface Database
  extends
    HubTables,
    AuthTables,
    AuditTables,
    DonationTables,
    DeviceTables,
    HardwareTables,
    PartnerTables,
    RequestTables,
    DeliveryTables,
    TransferTables,
    DocumentTables,
    LabelTables,
    ScanTables,
    ErasureTables,
    WorkshopTables,
    EquipmentTables,
    FigureTables,
    ImportTables,
    ProgrammeTables,
    MailTables,
    ClusterTables,
    WriteTables {}
