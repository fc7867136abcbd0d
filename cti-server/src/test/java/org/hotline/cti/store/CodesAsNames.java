package org.hotline.cti.store;

/** Tests' transfer-store names: a matter's and a department's name are their codes. */
public final class CodesAsNames implements JdbcTransferStore.NameLookup {
    public static final CodesAsNames INSTANCE = new CodesAsNames();

    private CodesAsNames() {}

    @Override
    public String matterName(String code) {
        return code;
    }

    @Override
    public String departmentName(String code) {
        return code;
    }
}
