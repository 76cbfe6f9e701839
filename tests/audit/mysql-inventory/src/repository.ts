import mysql from 'mysql2/promise';

export class InventoryRepository {
  private readonly pool = mysql.createPool({ // expect: RS102, RS104
    host: process.env.DB_HOST ?? 'localhost',
    user: process.env.DB_USER ?? 'inventory',
    password: process.env.DB_PASSWORD,
    database: 'inventory',
    waitForConnections: true,
  });

  async stockFor(sku: string): Promise<number> {
    const [rows] = await this.pool.query<mysql.RowDataPacket[]>('SELECT qty FROM stock WHERE sku = ?', [sku]);
    return rows[0]?.qty ?? 0;
  }
}
