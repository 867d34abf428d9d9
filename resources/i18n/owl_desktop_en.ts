<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
    <name>StatusIndicators</name>
    <message numerus="yes">
        <source>{status} – %n change(s) waiting to sync</source>
        <translation>
            <numerusform>{status} – %n change waiting to sync</numerusform>
            <numerusform>{status} – %n changes waiting to sync</numerusform>
        </translation>
    </message>
</context>
</TS>
