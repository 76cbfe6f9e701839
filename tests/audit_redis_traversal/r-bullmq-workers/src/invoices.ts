export async function renderInvoice(id: string): Promise<void> { console.log(id); }
