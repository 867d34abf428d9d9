<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddPaymentMethodDialog</name>
    <message numerus="yes">
        <source>Stripe is receiving too many requests right now: trying again in %n second(s)…</source>
        <translation>
            <numerusform>Stripe is receiving too many requests right now: trying again in %n second…</numerusform>
            <numerusform>Stripe is receiving too many requests right now: trying again in %n seconds…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AutopaySettingsDialog</name>
    <message numerus="yes">
        <source>%n client(s) following the clinic will be charged automatically every night.</source>
        <translation>
            <numerusform>%n client following the clinic will be charged automatically every night.</numerusform>
            <numerusform>%n clients following the clinic will be charged automatically every night.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s) following the clinic will no longer be charged automatically.</source>
        <translation>
            <numerusform>%n client following the clinic will no longer be charged automatically.</numerusform>
            <numerusform>%n clients following the clinic will no longer be charged automatically.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientFormDialog</name>
    <message numerus="yes">
        <source>%n field(s) need attention.</source>
        <translation>
            <numerusform>%n field needs attention.</numerusform>
            <numerusform>%n fields need attention.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClientSearchPanel</name>
    <message numerus="yes">
        <source>Showing {shown} of %n clients; type to search.</source>
        <translation>
            <numerusform>Showing {shown} of %n client; type to search.</numerusform>
            <numerusform>Showing {shown} of %n clients; type to search.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing the first %n matches; type more to narrow the list.</source>
        <translation>
            <numerusform>Showing the first match; type more to narrow the list.</numerusform>
            <numerusform>Showing the first %n matches; type more to narrow the list.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n client(s)</source>
        <translation>
            <numerusform>%n client</numerusform>
            <numerusform>%n clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunAutopayDialog</name>
    <message numerus="yes">
        <source>Charging %n open invoice(s) of enrolled clients to their default method…</source>
        <translation>
            <numerusform>Charging %n open invoice of enrolled clients to their default method…</numerusform>
            <numerusform>Charging %n open invoices of enrolled clients to their default method…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid</source>
        <translation>
            <numerusform>%n paid</numerusform>
            <numerusform>%n paid</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n bank debit(s) sent</source>
        <translation>
            <numerusform>%n bank debit sent</numerusform>
            <numerusform>%n bank debits sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n skipped</numerusform>
            <numerusform>%n skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done, %n invoice(s): {counts}.</source>
        <translation>
            <numerusform>Done, %n invoice: {counts}.</numerusform>
            <numerusform>Done, %n invoices: {counts}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not sent (Stripe couldn&apos;t be reached), to be sent by the next run.</source>
        <translation>
            <numerusform>%n not sent (Stripe couldn&apos;t be reached), to be sent by the next run.</numerusform>
            <numerusform>%n not sent (Stripe couldn&apos;t be reached), to be sent by the next run.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SandboxMenu</name>
    <message numerus="yes">
        <source>Bank accounts verified: %n.</source>
        <translation>
            <numerusform>Bank account verified: %n.</numerusform>
            <numerusform>Bank accounts verified: %n.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bank debits settled: %n.</source>
        <translation>
            <numerusform>Bank debit settled: %n.</numerusform>
            <numerusform>Bank debits settled: %n.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusIndicators</name>
    <message numerus="yes">
        <source>{status} – %n change(s) waiting to sync</source>
        <translation>
            <numerusform>{status} – %n change waiting to sync</numerusform>
            <numerusform>{status} – %n changes waiting to sync</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StripeSettingsDialog</name>
    <message numerus="yes">
        <source>These keys are for another Stripe account or mode than the one clients are linked to. Stripe ids never carry over: %n client(s) will be linked afresh to the new account when next used, and their cards and bank accounts from the old account will no longer be listed here.</source>
        <translation>
            <numerusform>These keys are for another Stripe account or mode than the one clients are linked to. Stripe ids never carry over: %n client will be linked afresh to the new account when next used, and their cards and bank accounts from the old account will no longer be listed here.</numerusform>
            <numerusform>These keys are for another Stripe account or mode than the one clients are linked to. Stripe ids never carry over: %n clients will be linked afresh to the new account when next used, and their cards and bank accounts from the old account will no longer be listed here.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) waiting to be sent to the old account will be dropped.</source>
        <translation>
            <numerusform>%n change waiting to be sent to the old account will be dropped.</numerusform>
            <numerusform>%n changes waiting to be sent to the old account will be dropped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message numerus="yes">
        <source>%n sync problem(s)</source>
        <translation>
            <numerusform>%n sync problem</numerusform>
            <numerusform>%n sync problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Syncing… %n change(s) sent</source>
        <translation>
            <numerusform>Syncing… %n change sent</numerusform>
            <numerusform>Syncing… %n changes sent</numerusform>
        </translation>
    </message>
</context>
</TS>
